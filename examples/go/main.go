// A TeXML application and a call queue, declared in Go with the SDK that
// `pulumi package gen-sdk` generates from the telnyx-texml provider plugin's schema.
package main

import (
	"github.com/pulumi-telnyx-texml/pulumi-telnyx-texml/sdk/go/telnyxtexml"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		ivr, err := telnyxtexml.NewApplication(ctx, "ivr", &telnyxtexml.ApplicationArgs{
			FriendlyName: pulumi.String("go-ivr-main"),
			VoiceUrl:     pulumi.String("https://voice.example.com/texml/ivr"),
			VoiceMethod:  pulumi.String("post"),
			Tags:         pulumi.StringArray{pulumi.String("go"), pulumi.String("ivr")},
		})
		if err != nil {
			return err
		}
		support, err := telnyxtexml.NewQueue(ctx, "support", &telnyxtexml.QueueArgs{
			Name:    pulumi.String("go-support"),
			MaxSize: pulumi.Int(25),
		})
		if err != nil {
			return err
		}
		// A lookup (the function telnyx-texml:index:getQueue): the queue as Telnyx reports it.
		seen := telnyxtexml.LookupQueueOutput(ctx, telnyxtexml.LookupQueueOutputArgs{QueueSid: support.Sid})

		ctx.Export("ivrApplicationId", ivr.ID())
		ctx.Export("ivrVoiceUrl", ivr.VoiceUrl)
		ctx.Export("supportQueueSid", support.Sid)
		ctx.Export("supportQueueMaxSizeSeen", seen.MaxSize())
		return nil
	})
}
