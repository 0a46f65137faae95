// A side rail that keeps the ball on the plank; used twice. Origin at its inner bottom edge.
length = 650;
translate([0, 0, 0]) cube([length, 6, 30]);
