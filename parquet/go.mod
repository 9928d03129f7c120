module github.com/quire-archive/quire/parquet

go 1.26.0

require (
	github.com/parquet-go/parquet-go v0.32.1
	github.com/quire-archive/quire v0.0.0-00010101000000-000000000000
)

require (
	github.com/andybalholm/brotli v1.3.0 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/klauspost/compress v1.20.4 // indirect
	github.com/parquet-go/bitpack v1.0.3 // indirect
	github.com/parquet-go/jsonlite v1.5.5 // indirect
	github.com/pierrec/lz4/v4 v4.1.33 // indirect
	github.com/twpayne/go-geom v1.6.1 // indirect
	github.com/xeipuuv/gojsonpointer v0.0.0-20180127040702-4e3ac2762d5f // indirect
	github.com/xeipuuv/gojsonreference v0.0.0-20180127040603-bd5ef7bd5415 // indirect
	github.com/xeipuuv/gojsonschema v1.2.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	google.golang.org/protobuf v1.36.12 // indirect
)

// The Parquet writer is a module of its own: parquet-go brings a dozen
// modules and needs a newer klauspost/compress than the one quire pins
// for its bundles' zstd bytes (docs/EXPORT.md). It builds against the
// quire module beside it.
replace github.com/quire-archive/quire => ../
