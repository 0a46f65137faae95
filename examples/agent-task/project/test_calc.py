import sys

from calc import add

failures = []
for a, b, expected in [(2, 3, 5), (-1, 1, 0), (0, 0, 0)]:
    got = add(a, b)
    if got != expected:
        failures.append(f"add({a}, {b}) returned {got}, expected {expected}")

for failure in failures:
    print("FAIL:", failure)
if failures:
    sys.exit(1)
print("OK: 3 checks passed")
