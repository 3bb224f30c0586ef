package cn.yuyue.notification;

import java.util.Arrays;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Refuses to start unless exactly one {@link SmsSender} is defined. Without a sender every
 * verification code would fail at the first request, or, with a silent fake, vanish; with two, which
 * one sends would be an accident. Runs before any bean is created, so the message is the first error.
 */
class OneSmsSender implements BeanFactoryPostProcessor {

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        String[] senders = beanFactory.getBeanNamesForType(SmsSender.class, true, false);
        if (senders.length == 0) {
            throw new IllegalStateException("""
                    yuyue cannot send SMS: set yuyue.sms.gateway.url and yuyue.sms.gateway.token \
                    (e.g. YUYUE_SMS_GATEWAY_URL, YUYUE_SMS_GATEWAY_TOKEN) for the SMS gateway. \
                    There is deliberately no silent fake: taxpayers would never get their codes.""");
        }
        if (senders.length > 1) {
            throw new IllegalStateException("yuyue has more than one way of sending SMS " + Arrays.toString(senders)
                    + "; choose one: the gateway sends real SMS, a development outbox only keeps them.");
        }
    }
}
