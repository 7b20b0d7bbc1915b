package io.swarmshare.tracker.registration;

import java.io.IOException;
import java.util.List;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.support.EncodedResource;
import org.springframework.core.io.support.PropertySourceFactory;

/** Lets {@code @PropertySource} read a YAML file (it reads .properties only). */
public final class YamlPropertySourceFactory implements PropertySourceFactory {

    @Override
    public PropertySource<?> createPropertySource(String name, EncodedResource resource) throws IOException {
        String sourceName = name != null ? name : resource.getResource().getDescription();
        List<PropertySource<?>> documents = new YamlPropertySourceLoader().load(sourceName, resource.getResource());
        if (documents.size() != 1) {
            throw new IOException(resource.getResource() + " must hold exactly one YAML document");
        }
        return documents.getFirst();
    }
}
