"""Small descriptive statistics without dependencies."""
from math import sqrt


def mean(values: list[float]) -> float:
    if not values:
        raise ValueError("mean of an empty list")
    return sum(values) / len(values)


def stdev(values: list[float]) -> float:
    """Sample standard deviation."""
    if len(values) < 2:
        raise ValueError("stdev needs at least two values")
    m = mean(values)
    return sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1))


if __name__ == "__main__":
    data = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]
    print(f"mean={mean(data):.3f} stdev={stdev(data):.3f}")
