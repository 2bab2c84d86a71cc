// The one name of the environment variable that carries a flow's state machine ARN to the functions
// that start it: CDK sets it, the runtime reads it.

/** FLOW_ARN_APPROVAL for `approval`: the flow name in capitals, each run of other characters as one `_`. */
export function flowArnVariable(flowName: string): string {
  return `FLOW_ARN_${flowName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}
