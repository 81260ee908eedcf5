module texml-go

go 1.26.6

require (
	github.com/pulumi-telnyx-texml/pulumi-telnyx-texml/sdk/go v0.0.0
	github.com/pulumi/pulumi/sdk/v3 v3.260.0
)

// The Go SDK is generated, not published: `npm run build:sdks` writes it to sdk/go at the repository's root.
replace github.com/pulumi-telnyx-texml/pulumi-telnyx-texml/sdk/go => ../../sdk/go
