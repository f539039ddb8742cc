// The one place the window talks to Rust. Every command, its arguments and its result are
// typed from the generated bindings; errors arrive as {code, message, rows, fields}.
import { invoke } from "@tauri-apps/api/core";
import type { Commands, ErrorCode, IpcError } from "./bindings";

export type { Commands, ErrorCode, IpcError };

export async function call<K extends keyof Commands>(
  name: K,
  args: Commands[K]["args"],
): Promise<Commands[K]["result"]> {
  try {
    return (await invoke(name, { args })) as Commands[K]["result"];
  } catch (e) {
    throw asIpcError(e);
  }
}

/** Any rejection becomes an IpcError, so screens only ever show `message` and match `code`
 *  (one of the core's codes; "unexpected" for a rejection that is not Caudal's). */
export function asIpcError(e: unknown): IpcError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const err = e as Partial<IpcError>;
    return {
      code: err.code as ErrorCode,
      message: String(err.message),
      rows: err.rows ?? [],
      fields: err.fields ?? [],
    };
  }
  return { code: "unexpected", message: String(e), rows: [], fields: [] };
}

/** The signed-out error sends the window back to the sign-in screen. */
export function isSignedOut(e: IpcError): boolean {
  return e.code === "signed_out";
}
