"""The V1 client rewriters shared by the `v1_*` rules: contexts to one V2
`InferenceServerClient` (`client`), `run()` and its parameters (`infer`,
`inferparams`), `async_run` (`inferasync`), `InferContext` subclasses
(`subclass`) and module-level renames (`rename`). They plan from
`triton_migrate.analysis`, which never imports them back."""
