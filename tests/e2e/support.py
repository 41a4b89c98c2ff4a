"""What the browser tests watch on every page: its console, its uncaught errors, the resources
it did not get, and what its Content-Security-Policy refused."""

#: Collects what the page's policy refused, before any of the page's own scripts run.
VIOLATIONS_RECORDED = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


class WatchedPage:
    """A browser tab that keeps what went wrong: errors and warnings of the console, uncaught
    errors, a resource answered 400 or more (by its address: the console says only "Failed to
    load resource"; every page names its icon, so the browser asks for no /favicon.ico) and
    every refused policy."""

    def __init__(self, context):
        context.add_init_script(VIOLATIONS_RECORDED)
        self.page = context.new_page()
        self.console = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
        self.page.on("response", self._response)

    def _console(self, message):
        if message.type in ("error", "warning") and not message.text.startswith(
            "Failed to load resource"
        ):
            self.console.append(f"{message.type}: {message.text}")

    def _response(self, response):
        if response.status >= 400:
            self.console.append(f"{response.status} {response.url}")

    def refused(self):
        return self.page.evaluate("window.__violations")

    def problems(self):
        return [f"refused {entry}" for entry in self.refused()] + self.console
