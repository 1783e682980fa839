"""Reading and writing the analysts' formats: ACLED and UCDP GED exports, CSV and JSONL."""
