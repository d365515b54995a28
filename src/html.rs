//! HTML escaping, the one module both the renderer and the charts use.
