package org.kidsafe.consent.erasure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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

    /**
     * Who has not answered each of several sagas (a page of them), the pending sagas' answers read in one query; a saga
     * that completed has no one left to answer.
     */
    @Transactional(TxType.SUPPORTS)
    public Map<UUID, List<String>> silent(List<ErasureRequest> requests) {
        List<UUID> pending = requests.stream().filter(request -> request.status == ErasureRequest.Status.PENDING)
                .map(request -> request.id).toList();
        Map<UUID, Set<String>> answered = pending.isEmpty() ? Map.of() : answers.listForErasures(pending).stream()
                .collect(Collectors.groupingBy(answer -> answer.erasureId, Collectors.mapping(answer -> answer.service, Collectors.toSet())));
        return requests.stream().collect(Collectors.toMap(request -> request.id, request -> pending.contains(request.id)
                ? settings.participants().stream().filter(service -> !answered.getOrDefault(request.id, Set.of()).contains(service)).toList()
                : List.of()));
    }
}
