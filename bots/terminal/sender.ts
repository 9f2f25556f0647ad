/**
 * Notices to terminal identities, written to the terminals open in this process. Workers in any
 * process hand a terminal's notices to the process where it is open; one that reaches a terminal
 * closed meanwhile stays pending in the outbox (RecipientAwayError spends no attempt) and the
 * session shows it when it next opens. A notice's actions are numbered lines under it.
 */
import { RecipientAwayError, type ChannelAddress, type ChannelSender, type OutboundFile } from "../../src/channels/sender";
import type { Choice } from "../../src/conversation/types";
import { renderBlock } from "./render";

export class TerminalSender implements ChannelSender {
  readonly channel = "terminal" as const;
  /** A terminal shows any length; a notice is one block. */
  readonly maxTextLength = Number.POSITIVE_INFINITY;
  private readonly open = new Map<string, NodeJS.WritableStream>();

  /** While registered, notices for `platformId` are written to `output`. Returns the unregister function. */
  register(platformId: string, output: NodeJS.WritableStream): () => void {
    this.open.set(platformId, output);
    return () => {
      if (this.open.get(platformId) === output) this.open.delete(platformId);
    };
  }

  async send(to: ChannelAddress, text: string, choices: Choice[] = []): Promise<void> {
    this.output(to).write(renderBlock({ text, choices }));
  }

  async sendFile(to: ChannelAddress, file: OutboundFile): Promise<void> {
    // A terminal cannot show a file; say what it is (the bytes stay in the file store).
    const size = file.bytes.byteLength < 1024 ? `${file.bytes.byteLength} B` : `${Math.round(file.bytes.byteLength / 1024)} KB`;
    this.output(to).write(renderBlock({ text: `[${file.kind}${file.fileName ? ` ${file.fileName}` : ""}, ${size}, ${file.mimeType}]` }));
  }

  private output(to: ChannelAddress): NodeJS.WritableStream {
    const output = this.open.get(to.platformId);
    if (!output) throw new RecipientAwayError(`terminal of ${to.platformId} is not open`);
    return output;
  }
}
