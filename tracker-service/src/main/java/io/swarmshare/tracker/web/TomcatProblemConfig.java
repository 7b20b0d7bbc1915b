package io.swarmshare.tracker.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps Tomcat's own answers in problem+json too. An encoded '/' or '\' in a path (a CLI encoding a hostile
 * group or file name) is passed through to Spring, which then answers with a sentence; anything Tomcat still
 * rejects before Spring sees it is rendered by {@link ProblemJsonErrorReportValve} instead of an HTML page.
 */
@Configuration(proxyBeanMethods = false)
class TomcatProblemConfig implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> {
            connector.setEncodedSolidusHandling("passthrough");
            connector.setEncodedReverseSolidusHandling("passthrough");
        });
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemJsonErrorReportValve.class.getName());
            }
        });
    }
}
