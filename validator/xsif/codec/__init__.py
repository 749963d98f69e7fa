"""The codec: images written (`writer`), decoded into documents (`decode`,
`dump`) and built from them (`encode`, `build`); `migration` is the codec of
Xen's migration streams (libxc, libxl) and of the xl save file."""
