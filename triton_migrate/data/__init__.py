"""V1 to V2 facts as plain data: no libcst, no click."""
