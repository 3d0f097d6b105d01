// Sign in with a Saleor staff account (tokenCreate on Saleor's API), outside the Dashboard.
import { Box, Button, Text } from "@saleor/macaw-ui";
import { type FormEvent, useState } from "react";

import { TextField } from "../../components/forms";
import { useT } from "../../i18n";
import type { StandaloneSession } from "../../session/standalone";

export function SignInScreen({ session }: { session: StandaloneSession }) {
  const { t } = useT();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError("");
    setBusy(true);
    try {
      await session.signIn(email.trim(), password);
    } catch (failure) {
      setError((failure as Error).message === "network" ? t("error.network") : (failure as Error).message);
      setBusy(false);
    }
  };
  return (
    <Box className="card narrow" as="form" aria-labelledby="signin-title" noValidate onSubmit={submit}>
      <Text as="h1" id="signin-title" size={8} fontWeight="bold">
        {t("signIn")}
      </Text>
      <p className="hint">
        {t("signInHint")}
      </p>
      <TextField prefix="signin" name="email" type="email" autoComplete="username" label={t("email")} value={email} onChange={setEmail} required />
      <TextField prefix="signin" name="password" type="password" autoComplete="current-password" label={t("password")} value={password} onChange={setPassword} required />
      <p className="form-error" id="signin-error" role="alert">
        {error}
      </p>
      <Button type="submit" variant="primary" disabled={busy}>
        {t("signIn")}
      </Button>
    </Box>
  );
}
