package io.swarmshare.tracker.state;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.cfg.SchemaToolingSettings;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.jpa.boot.spi.IntegratorProvider;
import org.hibernate.tool.schema.spi.DelayedDropRegistryNotAvailableImpl;
import org.hibernate.tool.schema.spi.SchemaManagementToolCoordinator;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings the database schema up to this version's entities again after a snapshot replaced the database.
 * Hibernate updates the schema once, at start-up; a snapshot is a script of the whole database, schema included, so
 * one written by an older version (still on disk after an upgrade, or streamed by a leader not yet upgraded) would
 * otherwise leave tables missing, and every command touching them would be refused.
 */
@Component
public class SchemaUpgrade implements HibernatePropertiesCustomizer, Integrator {

    private volatile Metadata metadata;
    private volatile SessionFactoryImplementor sessionFactory;

    /** Registers this as a Hibernate integrator: the only place Hibernate hands out its mapping metadata. */
    @Override
    public void customize(Map<String, Object> hibernateProperties) {
        hibernateProperties.put("hibernate.integrator_provider", (IntegratorProvider) () -> List.of(this));
    }

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
        this.metadata = metadata;
        this.sessionFactory = sessionFactory;
    }

    /** Adds what the entities need and the database lacks (Hibernate's {@code update}: nothing is dropped). */
    public void apply() {
        Metadata m = metadata;
        SessionFactoryImplementor factory = sessionFactory;
        if (m == null || factory == null) {
            throw new IllegalStateException("Hibernate has not started yet");
        }
        Map<String, Object> settings = new HashMap<>(factory.getProperties());
        settings.remove(SchemaToolingSettings.JAKARTA_HBM2DDL_DATABASE_ACTION);
        settings.remove(SchemaToolingSettings.JAKARTA_HBM2DDL_SCRIPTS_ACTION);
        settings.put(SchemaToolingSettings.HBM2DDL_AUTO, "update");
        SchemaManagementToolCoordinator.process(m, factory.getServiceRegistry(), settings,
                DelayedDropRegistryNotAvailableImpl.INSTANCE);
    }
}
