package io.swarmshare.cli;

import io.swarmshare.cli.agent.AgentClient;
import io.swarmshare.cli.http.JsonHttp;
import io.swarmshare.cli.session.SessionStore;
import io.swarmshare.cli.tracker.TrackerClient;

import java.io.PrintWriter;
import java.net.http.HttpClient;

/** What every command works with: settings, output streams and the lazily built clients. */
public final class CliContext implements AutoCloseable {

    private final Settings settings;
    private final PrintWriter out;
    private final PrintWriter err;
    private volatile boolean terminalOutput;
    private HttpClient httpClient;
    private TrackerClient tracker;
    private AgentClient agent;
    private final SessionStore sessions;

    public CliContext(Settings settings, PrintWriter out, PrintWriter err, boolean terminalOutput) {
        this.settings = settings;
        this.out = out;
        this.err = err;
        this.terminalOutput = terminalOutput;
        this.sessions = new SessionStore(settings.home());
    }

    public Settings settings() {
        return settings;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** True when stdout is a terminal: progress is redrawn in place instead of printed line by line. */
    public boolean terminalOutput() {
        return terminalOutput;
    }

    public void terminalOutput(boolean value) {
        this.terminalOutput = value;
    }

    public SessionStore sessions() {
        return sessions;
    }

    public synchronized TrackerClient tracker() {
        if (tracker == null) {
            tracker = new TrackerClient(settings.gateways(), http(), () -> sessions.require().token());
        }
        return tracker;
    }

    public synchronized AgentClient agent() {
        if (agent == null) {
            agent = new AgentClient(settings.agentDir(), http());
        }
        return agent;
    }

    private JsonHttp http() {
        if (httpClient == null) {
            // the agent's control API is plain http on 127.0.0.1; only a gateway can ask for TLS
            boolean tls = settings.gateways().stream().anyMatch(g -> "https".equalsIgnoreCase(g.getScheme()));
            httpClient = JsonHttp.newClient(settings.connectTimeout(), tls);
        }
        return new JsonHttp(httpClient, settings.connectTimeout(), settings.requestTimeout());
    }

    @Override
    public synchronized void close() {
        out.flush();
        err.flush();
        if (httpClient != null) {
            httpClient.shutdownNow();
        }
    }
}
