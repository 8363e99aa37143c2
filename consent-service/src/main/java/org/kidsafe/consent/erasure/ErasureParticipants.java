package org.kidsafe.consent.erasure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import java.util.List;

/** Who must answer an erasure ({@code kidsafe.erasure.participants}) and who has not answered yet. */
@ApplicationScoped
public class ErasureParticipants {

    private final ErasureSettings settings;
    private final ErasureAnswerRepository answers;

    ErasureParticipants(ErasureSettings settings, ErasureAnswerRepository answers) {
        this.settings = settings;
        this.answers = answers;
    }

    public boolean includes(String service) {
        return settings.participants().contains(service);
    }

    /** The participants whose verified report for this saga is still missing, in configuration order. */
    @Transactional(TxType.SUPPORTS)
    public List<String> silent(ErasureRequest request) {
        List<String> answered = answers.listFor(request.id).stream().map(answer -> answer.service).toList();
        return settings.participants().stream().filter(service -> !answered.contains(service)).toList();
    }
}
