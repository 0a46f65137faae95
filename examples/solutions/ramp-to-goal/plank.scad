// The running surface: 650 x 80 x 6 mm, origin at the upper (left) end, bottom face at z = 0.
length = 650;
width = 80;
thickness = 6;
translate([0, -width / 2, 0]) cube([length, width, thickness]);
