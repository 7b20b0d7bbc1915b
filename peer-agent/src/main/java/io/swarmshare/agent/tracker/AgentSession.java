package io.swarmshare.agent.tracker;

import io.swarmshare.agent.storage.AgentStore;
import io.swarmshare.agent.storage.Session;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The user the agent acts as, persisted (0600) so a restarted agent goes on as that user. */
public final class AgentSession {

    private final AgentStore store;
    private final CopyOnWriteArrayList<Consumer<Optional<Session>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Session current;

    public AgentSession(AgentStore store) {
        this.store = store;
        this.current = store == null ? null : store.loadSession().orElse(null);
    }

    public Optional<Session> current() {
        return Optional.ofNullable(current);
    }

    public Session require() {
        Session s = current;
        if (s == null) {
            throw new NotLoggedInException();
        }
        return s;
    }

    public void login(Session session) throws IOException {
        if (store != null) {
            store.saveSession(session);
        }
        current = session;
        listeners.forEach(l -> l.accept(Optional.of(session)));
    }

    public void logout() throws IOException {
        current = null;
        if (store != null) {
            store.clearSession();
        }
        listeners.forEach(l -> l.accept(Optional.empty()));
    }

    public void onChange(Consumer<Optional<Session>> listener) {
        listeners.add(listener);
    }
}
