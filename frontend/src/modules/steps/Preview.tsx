// The live preview of a step's texts, rendered by the API (stepmailStepPreview with the draft):
// a mail in a sandboxed frame, or the LINE chat bubble the customer gets.

import { Card, Heading, Muted } from "../../components/layout";
import { useT } from "../../i18n";
import type { ConfigValue } from "./channel-schema";

export interface PreviewData {
  subject: string;
  html: string;
  text: string;
  sample: boolean;
}

export function MailPreview({ preview }: { preview: PreviewData | null }) {
  const { t } = useT();
  return (
    <Card className="preview" aria-labelledby="preview-title">
      <Heading id="preview-title">{t("preview")}</Heading>
      {preview?.sample ? <Muted>{t("previewSample")}</Muted> : null}
      <p className="preview-subject" id="preview-subject">
        {preview?.subject ?? ""}
      </p>
      {preview?.html ? <iframe title={t("preview")} sandbox="" className="preview-html" referrerPolicy="no-referrer" srcDoc={preview.html} /> : null}
      <pre className="preview-text">{preview?.text ?? ""}</pre>
    </Card>
  );
}

export function LinePreview({ preview, config }: { preview: PreviewData | null; config: ConfigValue }) {
  const { t } = useT();
  const buttons = Array.isArray(config.buttons) ? (config.buttons as { label?: string; url?: string }[]) : [];
  return (
    <Card className="preview" aria-labelledby="preview-title">
      <Heading id="preview-title">{t("preview")}</Heading>
      {preview?.sample ? <Muted>{t("previewSample")}</Muted> : null}
      <p className="preview-subject line-notification" id="preview-subject">
        {preview?.subject ?? ""}
      </p>
      <div className="line-chat" role="log" aria-label={t("lineChat")}>
        {preview ? (
          <div className="line-bubble line-text" id="preview-line-text">
            {preview.text}
          </div>
        ) : null}
        {typeof config.image_url === "string" && config.image_url.startsWith("https://") ? (
          <img className="line-bubble line-image" src={config.image_url} alt="" referrerPolicy="no-referrer" />
        ) : null}
        {preview && buttons.length ? (
          <div className="line-bubble line-buttons">
            <p>{preview.subject}</p>
            {buttons.map((b, i) => (
              <span key={i} className="line-button" title={b.url}>
                {b.label}
              </span>
            ))}
          </div>
        ) : null}
      </div>
    </Card>
  );
}
