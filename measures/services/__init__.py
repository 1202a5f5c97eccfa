"""Every write about focus areas, measures, their data and their stored charts, one module per topic."""
