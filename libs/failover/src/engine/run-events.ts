import { Injectable, Logger } from '@nestjs/common';
import { EventsService } from '@twinsite/events';

/** What a run event says: enough for a console to update a row, or to refetch the run. */
export interface RunEventData {
  id: string;
  planId: string;
  kind: string;
  state: string;
  event: 'run' | 'step';
  step?: { id: string; name: string; state: string };
}

/**
 * Publishes run progress on the deployment's event stream (`type: run`). Best effort:
 * a change that has committed is never reported as failed because its notification
 * could not go out.
 */
@Injectable()
export class RunEvents {
  private readonly logger = new Logger('failover');

  constructor(private readonly events: EventsService) {}

  publish(data: RunEventData): void {
    this.events.publish({ type: 'run', data: { ...data, runId: data.id } }).catch((error: unknown) => {
      this.logger.warn(`could not publish a run event: ${(error as Error).message}`);
    });
  }
}
