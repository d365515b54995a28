//! Every site URL and output path.
