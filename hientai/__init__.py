"""hientai: Đồng Nai's talent, intellectuals and high-quality human-resources platform."""

__version__ = "0.1.0"
