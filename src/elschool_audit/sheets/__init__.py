"""Reading school spreadsheets: cell values, legacy encodings, tab parsing."""
