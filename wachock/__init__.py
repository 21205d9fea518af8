"""Build tooling of the Gmina Wąchock site: safe builds, preview server, benchmarks."""
