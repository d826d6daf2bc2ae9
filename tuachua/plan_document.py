"""The plan itself (Kế hoạch …/KH-UBND), rendered from the data."""
