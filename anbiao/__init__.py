"""The composition root: the faces of anbiao over its library packages.

`anbiao.cli` (the `anbiao` command) and `anbiao.server` (`anbiao serve`'s HTTP API) parse their
input, call the same typed functions of kb, search and generator, and word the results and errors
for their users (`anbiao.present` for the terminal). What both faces check the same way lives in
`anbiao.inputs` and `anbiao.searching`. Nothing below this package imports it.
"""
