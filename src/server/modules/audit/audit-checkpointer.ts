import type { AppContext } from '../../context';
import { AuditService } from './audit.service';

/**
 * Writes a signed checkpoint at start, every `auditCheckpointMinutes` (60) and at shutdown. A timer
 * of this process, not a job in the database: whoever holds the database must not be able to stop
 * the checkpoints by editing the jobs table.
 */
export class AuditCheckpointer {
  private timer: NodeJS.Timeout | null = null;
  private readonly audit: AuditService;

  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  async start(): Promise<void> {
    await this.write('start');
    this.timer = setInterval(() => void this.write('hourly'), this.ctx.config.auditCheckpointMinutes * 60_000);
    this.timer.unref();
  }

  /** Stop the timer and write the shutdown checkpoint (call before the database closes). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.write('shutdown');
  }

  private async write(when: string): Promise<void> {
    try {
      const cp = await this.audit.checkpoint();
      if (cp) this.ctx.log.info({ seq: cp.seq, when, file: this.ctx.config.auditCheckpointFile }, 'audit checkpoint written');
    } catch (err) {
      // A checkpoint that cannot be written must be seen, but must not stop the server.
      this.ctx.log.error({ err, when, file: this.ctx.config.auditCheckpointFile }, 'audit checkpoint could not be written');
    }
  }
}
