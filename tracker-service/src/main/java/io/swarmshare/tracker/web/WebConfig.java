package io.swarmshare.tracker.web;

import io.swarmshare.tracker.idempotency.IdempotencyKeyInterceptor;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    private final BearerTokenInterceptor bearerTokens;
    private final IdempotencyKeyInterceptor idempotencyKeys;

    WebConfig(BearerTokenInterceptor bearerTokens, IdempotencyKeyInterceptor idempotencyKeys) {
        this.bearerTokens = bearerTokens;
        this.idempotencyKeys = idempotencyKeys;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(bearerTokens).addPathPatterns("/api/**");
        registry.addInterceptor(idempotencyKeys).addPathPatterns("/api/**");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
    }
}
