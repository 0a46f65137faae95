// The lip at the paddle's inner end that the block rests on while it is carried over the top.
translate([-176, -30, 4]) cube([6, 60, 16]);
