"""The look of a smile: layer kinds, masks, blend modes and the compositor.

Import `fusionsmile.core.layers.catalogue` to get every registered kind; the compositor
is `fusionsmile.core.layers.compose.compose`.
"""
