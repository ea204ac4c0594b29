"""Input and output: deal files (YAML/JSON), spreadsheets, atomic non-clobbering writes and
audit manifests."""
