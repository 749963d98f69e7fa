"""The rule engine and the rules: the engine reads records and runs the
rules registered for each scope (`engine`, `contexts`, `registry`), walks the
containers of Xen 4.6 and later (`container`), and the rules of each layer
(`rules` for version 1 and the validator's own limits, `rules_libxc`,
`rules_libxl`, `rules_hvm_context`; `jsoncheck` for the xl configuration)."""
