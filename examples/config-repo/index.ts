import * as texml from "pulumi-telnyx-texml";
const setup = texml.fromFile("texml.yaml");
export const { applicationIds, queueSids, secretNames } = setup;
