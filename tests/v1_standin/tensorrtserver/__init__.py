"""V1 stand-in (tests only): see tests/v1_standin/README.md."""
