"""Test material for the OParl importer and export: schemas, examples, fixtures, a real server."""
