import { describe, expect, it } from "vitest";
import { errorMessage, type Media } from "../../src/protocol";
import { actionOf, countOf, deviceName, summary } from "../../src/ui/format";

function media(kind: Media["kind"], name = "x"): Media {
  return { id: name, kind, name, mime: "", size: 1 };
}

describe("message summary", () => {
  it("is the text when there is some", () => {
    expect(summary({ text: "look at this", attachments: [media("image")] })).toBe("look at this");
  });

  it("says what a message without text carries", () => {
    expect(summary({ text: "", attachments: [media("image")] })).toBe("Picture");
    expect(summary({ text: "", attachments: [media("image"), media("image")] })).toBe("2 pictures");
    expect(summary({ text: "", attachments: [media("file", "report.pdf")] })).toBe("report.pdf");
    expect(summary({ text: "", attachments: [media("file"), media("file")] })).toBe("2 files");
    expect(summary({ text: "", attachments: [media("image"), media("file")] })).toBe("2 attachments");
  });

  it("counts an encrypted message's files by its plaintext, never its sealed uploads", () => {
    const sealed: Media = { id: "s", kind: "file", name: "encrypted", mime: "application/vnd.natter.encrypted", size: 9 };
    const key = new Uint8Array(32);
    const nonce = new Uint8Array(24);
    const photo = { file: { media_id: "s", key, nonce, name: "a.png", mime: "image/png", size: 3 }, readable: true };
    const doc = { file: { media_id: "t", key, nonce, name: "notes.txt", mime: "text/plain", size: 3 }, readable: true };
    expect(summary({ text: "", attachments: [sealed], files: [photo] })).toBe("Picture");
    expect(summary({ text: "", attachments: [sealed], files: [doc] })).toBe("notes.txt");
    expect(summary({ text: "", attachments: [sealed, sealed], files: [photo, { file: null, readable: false }] })).toBe("2 attachments");
    expect(summary({ text: "", attachments: [sealed] })).toBe("");
  });

  it("is empty for an empty message from a server without attachments", () => {
    expect(summary({ text: "" })).toBe("");
  });
});

describe("device names in the sessions list", () => {
  it("names the browser and the system of common user agents", () => {
    expect(deviceName("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")).toBe("Firefox on Linux");
    expect(deviceName("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0")).toBe("Edge on Windows");
    expect(deviceName("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")).toBe("Safari on iOS");
    expect(deviceName("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36")).toBe("Chrome on Android");
  });

  it("shows an unknown agent as it is, shortened, and an empty one as unknown", () => {
    expect(deviceName("curl/7.88.1")).toBe("curl/7.88.1");
    expect(deviceName("x".repeat(100))).toBe(`${"x".repeat(59)}…`);
    expect(deviceName("")).toBe("Unknown device");
  });
});


describe("counts and waits in words", () => {
  it("says 1 member and 2 members", () => {
    expect(countOf(1, "member")).toBe("1 member");
    expect(countOf(0, "member")).toBe("0 members");
    expect(countOf(2, "member")).toBe("2 members");
  });

  it("says how long to wait when the server says so", () => {
    expect(errorMessage({ code: "RATE_LIMITED", message: "Too many requests; retry later.", retry_after: 1 }, "")).toBe("Too many requests: try again in 1 second.");
    expect(errorMessage({ code: "RATE_LIMITED", message: "x", retry_after: 40 }, "")).toBe("Too many requests: try again in 40 seconds.");
    expect(errorMessage({ code: "RATE_LIMITED", message: "x", retry_after: 1200 }, "")).toBe("Too many requests: try again in 20 minutes.");
    expect(errorMessage({ code: "RATE_LIMITED", message: "x", retry_after: 3 * 3600 }, "")).toBe("Too many requests: try again in 3 hours.");
    expect(errorMessage({ code: "BUSY", message: "x", retry_after: 5 }, "")).toBe("The server is busy: try again in 5 seconds.");
    expect(errorMessage({ code: "NOT_FOUND", message: "Not found." }, "")).toBe("Not found.");
    expect(errorMessage(undefined, "HTTP 502")).toBe("HTTP 502");
  });
});

describe("action messages", () => {
  it("are text that begins with /me and something after it", () => {
    expect(actionOf("/me waves")).toBe("waves");
    expect(actionOf("/me")).toBeNull();
    expect(actionOf("/me ")).toBeNull();
    expect(actionOf("/meow")).toBeNull();
    expect(actionOf("hi /me waves")).toBeNull();
  });
});
