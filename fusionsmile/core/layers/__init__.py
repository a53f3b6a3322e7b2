"""The look of a smile: layer kinds, masks, blend modes and the compositor.

Every kind is looked up through `fusionsmile.core.layers.registry` (`kind_for`,
`all_kinds`); a design's layers are checked against it by `layers.validate`; the
compositor is `fusionsmile.core.layers.compose.compose`.
"""
