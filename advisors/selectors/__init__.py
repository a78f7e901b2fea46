"""Reads shared by several advisors pages, one module a part (as in services)."""
