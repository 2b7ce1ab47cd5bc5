"""Figures in Excel: a template per form, units and period, and the import of the filled file."""
