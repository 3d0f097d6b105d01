"""The two statistics the reports use, normal approximation both: no SciPy for two formulas."""

import math
from dataclasses import dataclass

Z_95 = 1.959963984540054  # two-sided 95%


@dataclass(frozen=True)
class ProportionTest:
    difference: float  # rate b - rate a
    z: float
    p_value: float  # two-sided


def two_proportion_z_test(
    *, successes_a: int, trials_a: int, successes_b: int, trials_b: int
) -> ProportionTest:
    """Pooled two-proportion z-test of rate b against rate a (H0: the rates are equal)."""
    if not trials_a or not trials_b:
        return ProportionTest(difference=0.0, z=0.0, p_value=1.0)
    rate_a, rate_b = successes_a / trials_a, successes_b / trials_b
    pooled = (successes_a + successes_b) / (trials_a + trials_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / trials_a + 1 / trials_b))
    if se == 0:  # both rates 0 or both 1: no evidence of a difference
        return ProportionTest(difference=rate_b - rate_a, z=0.0, p_value=1.0)
    z = (rate_b - rate_a) / se
    return ProportionTest(difference=rate_b - rate_a, z=z, p_value=math.erfc(abs(z) / math.sqrt(2)))


def difference_interval(
    *, successes_a: int, trials_a: int, successes_b: int, trials_b: int, z: float = Z_95
) -> tuple[float, float, float]:
    """Rate b - rate a with its confidence interval (unpooled standard error)."""
    rate_a, rate_b = successes_a / trials_a, successes_b / trials_b
    se = math.sqrt(rate_a * (1 - rate_a) / trials_a + rate_b * (1 - rate_b) / trials_b)
    difference = rate_b - rate_a
    return difference, difference - z * se, difference + z * se
