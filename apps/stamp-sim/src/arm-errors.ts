// ARM error bodies. Clients (the Azure SDK, the Twinsite gateway, az CLI) branch on
// `error.code`, so codes and message shapes follow what Azure Resource Manager sends.

export interface ArmErrorBody {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorBody[];
}

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): { error: ArmErrorBody } {
    const error: ArmErrorBody = { code: this.code, message: this.message };
    if (this.target) error.target = this.target;
    return { error };
  }
}

export const armErrors = {
  resourceNotFound(fullType: string, name: string, resourceGroup: string): ArmError {
    return new ArmError(
      404,
      'ResourceNotFound',
      `The Resource '${fullType}/${name}' under resource group '${resourceGroup}' was not found. ` +
        'For more details please go to https://aka.ms/ARMResourceNotFoundFix',
    );
  },
  resourceGroupNotFound(name: string): ArmError {
    return new ArmError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
  },
  subscriptionNotFound(id: string): ArmError {
    return new ArmError(404, 'SubscriptionNotFound', `The subscription '${id}' could not be found.`);
  },
  invalidParameter(message: string, target?: string): ArmError {
    return new ArmError(400, 'InvalidParameter', message, target);
  },
  missingParameter(name: string, target?: string): ArmError {
    return new ArmError(
      400,
      'InvalidParameter',
      `Required parameter '${name}' is missing (null).`,
      target ?? name,
    );
  },
  /** A referenced resource (disk, NIC, subnet...) does not exist. */
  referenceNotFound(kind: string, id: string, target?: string): ArmError {
    return new ArmError(400, 'NotFound', `${kind} ${id} was not found.`, target);
  },
  invalidReference(id: string, referencedBy: string): ArmError {
    return new ArmError(
      400,
      'InvalidResourceReference',
      `Resource ${id} referenced by resource ${referencedBy} was not found. ` +
        'Please make sure that the referenced resource exists, and that both resources are in the same region.',
    );
  },
  zonesNotSupported(fullType: string, name: string, location: string): ArmError {
    return new ArmError(
      400,
      'LocationNotSupportAvailabilityZones',
      `The resource '${fullType}/${name}' does not support availability zones at location '${location}'.`,
    );
  },
  operationNotAllowed(message: string, status = 409): ArmError {
    return new ArmError(status, 'OperationNotAllowed', message);
  },
  badRequest(code: string, message: string): ArmError {
    return new ArmError(400, code, message);
  },
};
