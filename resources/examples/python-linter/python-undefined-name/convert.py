"""Converts temperatures between Celsius and Fahrenheit."""
import math


def celsius_to_fahrenheit(celsius: float) -> float:
    return celsius * 9 / 5 + 32


def report(values: list[float]) -> None:
    for value in values:
        # Bug: the helper is called celsius_to_fahrenheit, not celsius_to_farenheit.
        print(f"{value} °C = {celsius_to_farenheit(value):.1f} °F")


if __name__ == "__main__":
    report([-40.0, 0.0, 37.0, 100.0])
