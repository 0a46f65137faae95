// The paddle: a 100 x 60 x 4 mm plate from 170 to 270 mm left of the hinge (mounted at the motor's anchor).
translate([-270, -30, 0]) cube([100, 60, 4]);
