"""Counts words in a text."""
import os
import sys
from collections import Counter


def count_words(text: str) -> Counter:
    return Counter(word.lower().strip(".,;:!?") for word in text.split())


if __name__ == "__main__":
    counts = count_words("The cat and the hat. The end!")
    for word, n in counts.most_common(3):
        print(f"{word}: {n}")
