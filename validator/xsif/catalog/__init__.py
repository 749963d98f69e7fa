"""The rule catalog: rules.yaml read into `catalog.Rule`s, the Xen releases
a rule holds for (`releases`), and the YAML maps of Xen's own checker,
restorers and documents onto the catalog (xen_*.yaml)."""
