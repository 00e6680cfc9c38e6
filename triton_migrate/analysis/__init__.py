"""The Python analysis: what a file's V1 names resolve to (`resolve`, `v1names`),
libcst metadata computed on demand (`metadata`), and the verifier that reads a
migrated file with stdlib `ast` and decides rollbacks and residue findings
(`verify`). It never imports the rewriters (`triton_migrate.v1client`)."""
