"""Analytics: competition analyses (trends, rankings, composition) over a dated snapshot, with pandas."""
