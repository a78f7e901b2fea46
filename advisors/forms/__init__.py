"""Forms of the advisors pages, one module a part."""
